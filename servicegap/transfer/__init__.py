"""Import and export of workspace data as files (CSV, and xlsx/Parquet for export and import).

The plumbing every kind shares. Each kind (units, standards, journeys, people, ...) is a module
of the app whose data it is (``<app>/transfer.py``; the surveys' four in ``surveys/transfer/``),
declared in that app's AppConfig (``import_kinds``), and says which columns it reads and writes;
``registry`` collects the declarations and defines what a kind provides; ``runner`` drives an
all-or-nothing import and an export; ``batch`` holds the row checks; ``csvio`` and ``sheets``
read and write the files; ``filekinds`` is what whole-file importers share. Nothing here depends
on click, so the API can reuse the importers.
"""
