"""Spiders: they decide what to request next, and nothing else."""
