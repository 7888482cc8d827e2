"""Print-ready PDFs (reportlab) and printers (pycups); no Qt."""
