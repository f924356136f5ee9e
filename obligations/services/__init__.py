"""Every write that matters in the obligations app, one module per concern. Views, commands and
tasks call these; nothing else changes compliance, report states or evidence."""
