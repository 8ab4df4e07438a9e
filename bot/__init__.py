"""MedEd Evidence Bot: the knowledge base, the matcher and the answers, shared by the Discord bot and `medbot`."""
