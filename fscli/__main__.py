from fscli.cli.entry import main

main()
