"""The screens of remote expert sessions: the worker's session panel, the expert's window.

They show what `koffer.assist` decides and forward what the person asks for; nothing
here decides what an expert may see or do.
"""
