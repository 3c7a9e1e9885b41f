"""The Discord edge: client, slash commands, embeds and the delivery sink. Only this package
imports discord."""
