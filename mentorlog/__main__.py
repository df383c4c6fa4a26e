from mentorlog.cli import run

run()
