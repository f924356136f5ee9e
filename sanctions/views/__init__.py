"""The enforcement pages: the track list and page, opening a track from a case (``tracks``), the
actions on a track (``actions``), the letters of its steps (``letters``), the export for the
childcare finder (``publication``) and the decisions shown on a location's or desk's page
(``party``)."""
