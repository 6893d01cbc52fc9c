"""The tables, one module an area (see fscli/store/models.py, which names them all)."""
