import { runLobbyShell } from './main.ts';
import { lobbyShellConfig } from './shell-policy.ts';

runLobbyShell(lobbyShellConfig(process.argv, process.env));
