"""Slash commands, one cog per feature; each module has `async def setup(bot)` adding its cog.

bot/chat/client.py lists the modules (EXTENSIONS) and loads them in setup_hook.
"""
