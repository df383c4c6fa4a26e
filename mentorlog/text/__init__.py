"""Text: lines, items, front-matter and the merge of files; pure, no I/O."""
