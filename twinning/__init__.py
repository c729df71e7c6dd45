"""Twinning: sister-city programmes and the business delegations they run."""
