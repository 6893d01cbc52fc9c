"""fscli: a terminal caseload tool for family support and children's social work."""

__version__ = "0.1.0"
