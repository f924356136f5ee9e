"""What the apps' forms share."""


def add_service_errors(form, error):
    """Show a service's refusal (a ``ValidationError``) next to the field it names, or above the
    form when it names none or a field the form does not have."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def form_errors_as_messages(request, form):
    """Each error of a form that has no page of its own (a small form on a detail page) as a
    message on the page the user returns to."""
    from django.contrib import messages

    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
