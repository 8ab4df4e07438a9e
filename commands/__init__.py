"""The Discord cogs: one per concern, each loaded as a discord.py extension by bot.client."""
