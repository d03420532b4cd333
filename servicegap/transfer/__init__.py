"""Import and export of workspace data as files (CSV, and xlsx/Parquet for export and import).

``registry`` names the kinds (units, standards, journeys, people, ...); each kind lives in its own
module and says which columns it reads and writes; ``runner`` drives an all-or-nothing import and
an export; ``csvio`` and ``sheets`` read and write the files. Nothing here depends on click, so
the API can reuse the importers.
"""
