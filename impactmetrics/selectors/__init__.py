"""Reads that pages, the API and reports share (see the modules for their rules)."""
