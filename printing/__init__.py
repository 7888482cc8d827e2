"""Print-ready PDFs (reportlab) and printers (pycups); no Qt.

- `render.render_filled` / `render.render_visit_record` / `blank.render_blank`: PDF bytes
  of a filled form (office or citizen copy with receipt), a visit record, a blank form.
- `content`: what a printout shows (`PrintJobContent`, `Letterhead`, ...).
- `backend`: the `PrinterBackend` Protocol, `choose_backend()` (CUPS, or the Qt backend
  the UI hands in: Windows, no pycups, or `KOFFER_PRINT_BACKEND=qt`), default-printer
  choice through `PrinterSettings`.
- `cups_printer.CupsBackend`: CUPS through pycups; `job_names`: the ASCII names every
  job gets (Debian 12's scheduler crashes on others); `jobs.follow_job`; `status`:
  German job states; `queue.OfflinePrintQueue`, which keeps every job until CUPS
  completed it, with the `PrintQueueStore` Protocol the store implements;
  `cli.render_command` behind `koffer-forms render`.
"""
