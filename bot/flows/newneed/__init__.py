"""/newneed, /myneeds and the steps they share with /propose and /proposals."""
