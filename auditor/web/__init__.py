"""`auditor serve`: the legal review desk over the audit history (auditor/store).

Starlette + Jinja2, server-rendered, a little progressive JavaScript, assets in this package,
run by uvicorn. Imported only by `auditor serve`; nothing else in auditor loads it.
"""
