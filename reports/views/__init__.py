"""The report pages. Each module holds one page (or the index) and its ``urlpatterns``;
``reports/urls.py`` joins them. A new report (e.g. the signals dashboard) adds a module here with
a ``ReportPageView`` subclass and an entry in ``index.PAGES``."""
