"""The only place that writes views for people and pipes, in the formats fscli/formats.py lists."""
