from mentorlog.cli import main

main()
