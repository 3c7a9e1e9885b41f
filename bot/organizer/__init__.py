"""What organizers do with alerts besides receiving them: search, export, time zones, a
timeline picture, backfill and threads.

Plain functions over plain data (the store's dataclasses): no Discord, and no storage except
`reads`, which asks the repositories what one server may see. The Discord edge, the poll cycle
and delivery call into these modules.
"""
