"""Evidence: checked uploads stored under a random name in private storage, append-only."""


def upload_evidence(
    *,
    user,
    uploaded_file,
    description,
    desk=None,
    location=None,
    obligation=None,
    year=None,
    consultation=None,
    replaces=None,
):
    """Check and store an uploaded file as Evidence; raises ValidationError (Dutch) and stores
    nothing when the file is refused."""
    raise NotImplementedError
