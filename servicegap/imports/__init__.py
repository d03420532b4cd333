"""Imports from the web: a file uploaded on /w/<slug>/imports/ runs as a background task."""
