from agentplex.cli import main

main()
