"""auditor: compliance and content-labeling audits for publishers."""

__version__ = "0.2.0"
