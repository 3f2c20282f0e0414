"""Bounded values for callback data: what a button may carry, checked when it is unpacked.

Anyone can forge a button's data, so every field is parsed into a value the database and the
handlers can take before any query: an id within the range of an Integer primary key, a page or
an index within reason, a choice among the known ones (a ``Literal``). aiogram's
``CallbackData.filter()`` refuses data that does not fit (pydantic's error is a ``ValueError``),
so such a press reaches no step: the fallback answers it as a button that is no longer valid, in
the presser's language, and nothing is read or changed.
"""

from typing import Annotated

from pydantic import Field

#: The largest value of an SQL ``INTEGER`` (PostgreSQL's int4): our primary keys.
MAX_ID = 2**31 - 1
#: More pages or positions than any list the bot shows could have.
MAX_PAGE = 10_000

#: The id of a row.
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
#: The id of a row, or 0 for "none" (a new booking, "not now").
RowIdOrNone = Annotated[int, Field(ge=0, le=MAX_ID)]
#: A page of a list (0 and 1 both the first), or a position in a short list.
Page = Annotated[int, Field(ge=0, le=MAX_PAGE)]
#: A short code (a category, a unit, a territory code, a module id).
Code = Annotated[str, Field(max_length=64)]
#: 0 or 1 (an int ``Literal`` would not take the "1" of packed data).
Flag = Annotated[int, Field(ge=0, le=1)]
