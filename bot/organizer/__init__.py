"""What organizers do with alerts besides receiving them: search, export, time zones, a
timeline picture, backfill and threads.

Everything here is plain functions over plain data: no storage, no Discord. The store and the
Discord edge call into it.
"""
