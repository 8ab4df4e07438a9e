"""/kb: moderators keep the knowledge base right from Discord, and members report wrong answers.

Every change goes the same way as from the shell (:mod:`bot.editing`): a preview (a diff of the YAML) with Confirm
and Cancel, then an atomic write, a revision, the index, and an atomic swap of the running knowledge base (questions
being answered finish on the old one). Only moderators may use the group: members with Manage Server or the role named
by ``discord.moderator_role``. ``default_member_permissions`` hides the group from others, and every handler checks
again (commands, autocomplete, modals, buttons); a preview's buttons answer only the moderator who opened it. The group
works in servers only.

A running bot also picks up changes made from the shell (`medbot kb set`, `undo`): every
``moderation.reload_seconds`` it looks at the knowledge files and swaps in the new base when they changed.

Where each part lives:

- :mod:`.cog`: the Moderation cog, its /kb commands and the knowledge base in service (swap, file watch, log pruning);
- :mod:`.permissions`: who may change the knowledge base;
- :mod:`.spots`: what edit, add and remove point at (a :class:`~.spots.Spot`, carried as an autocomplete value);
- :mod:`.forms`: the modals of /kb edit and /kb add;
- :mod:`.preview`: the diff with Confirm and Cancel that every change shows first;
- :mod:`.history`: /kb history's pages and their Newer and Older buttons;
- :mod:`.reports`: "Wrong answer?" reports and /kb gaps.

discord.py loads this package as the extension ``commands.moderation``; unloading it unloads its modules too.
"""

from __future__ import annotations

from bot.client import MedEdBot
from commands.moderation.cog import Moderation
from commands.moderation.history import HistoryButton
from commands.moderation.preview import PreviewButton


async def setup(bot: MedEdBot) -> None:
    """Load the cog and register its buttons (discord.py extension entry point)."""
    bot.add_dynamic_items(PreviewButton, HistoryButton)
    await bot.add_cog(Moderation(bot))
