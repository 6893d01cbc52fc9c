"""Views as Report specs: title, columns, rows. One renderer prints them in every format."""
