"""auditor: compliance and content-labeling audits for publishers."""

__version__ = "0.3.0"
