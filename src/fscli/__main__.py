from fscli.cli.app import main

main()
