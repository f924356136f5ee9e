"""The report pages. Each module holds one page (or the index) and its ``urlpatterns``;
``reports/urls.py`` joins them. A new report adds a module here with a ``ReportPageView`` subclass
(its ``permission_required`` is the one rule) and an entry in ``index.PAGES`` naming it."""
