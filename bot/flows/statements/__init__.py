"""/statement: a company's CSR statement over a period, in the chat, as a PDF and an image."""
