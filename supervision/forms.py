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
