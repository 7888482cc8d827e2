"""Printing wired to the app's stores, without Qt (the UI runs it on its worker).

`printing` knows neither the store nor Qt, so the adapters between them live here, one
job per module: `settings` (the remembered printer, letterhead and place), `references`
(the laptop's provisional reference, neutral job titles), `content` (a draft as
`printing.content.PrintJobContent`, rendered to PDF bytes), `queue_store` (the offline
print queue inside the encrypted drafts.db) and `service` (print now or queue, follow the
job, retry). What a printout may claim is the application layer's rule
(`koffer.drafting.claims`).
"""
