"""The statutory-notice rule kinds (``notice.*``): one module per kind, each over a notice set.

A pack declares its notice sets once under ``notices:`` (accepted forms, name slots,
translations); each rule names a kind and a set (``kind: notice.altered``, ``notice: foreign-agent``).
The per-document notice analysis (auditor/analysis/notice.py) runs once per set and document and
every kind reads it from ``Context.analysis``. A module's docstring is its user documentation
(``auditor rules explain`` prints it).
"""
