"""Git: the partnership's repository, commits of exactly the files a command wrote, sync.

GitPython is imported only inside functions (``import git`` under TYPE_CHECKING
for the annotations), so commands that never commit never pay for it.
"""
