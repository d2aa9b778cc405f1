"""Offline drivers over files: detect (extract + judge) and backtest (detect + score)."""

from .detect import detect, judge_articles, judge_stream

__all__ = ["detect", "judge_articles", "judge_stream"]
