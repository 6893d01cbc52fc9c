"""The rules of the work: plain Python that takes `today` and returns results or problems."""
