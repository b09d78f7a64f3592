/** The lucide icons the node registry names (nodeTypes.ts `icon`), by name. */
import type { Component } from 'svelte';
import Bot from '@lucide/svelte/icons/bot';
import Brain from '@lucide/svelte/icons/brain';
import Clock from '@lucide/svelte/icons/clock';
import Code from '@lucide/svelte/icons/code';
import FileText from '@lucide/svelte/icons/file-text';
import GitBranch from '@lucide/svelte/icons/git-branch';
import Globe from '@lucide/svelte/icons/globe';
import LogIn from '@lucide/svelte/icons/log-in';
import LogOut from '@lucide/svelte/icons/log-out';
import Mail from '@lucide/svelte/icons/mail';
import Plug from '@lucide/svelte/icons/plug';
import Repeat from '@lucide/svelte/icons/repeat';
import ScrollText from '@lucide/svelte/icons/scroll-text';
import Sparkles from '@lucide/svelte/icons/sparkles';
import Split from '@lucide/svelte/icons/split';
import SquareDashed from '@lucide/svelte/icons/square-dashed';
import StickyNote from '@lucide/svelte/icons/sticky-note';
import Terminal from '@lucide/svelte/icons/terminal';
import Timer from '@lucide/svelte/icons/timer';
import UserCog from '@lucide/svelte/icons/user-cog';
import Webhook from '@lucide/svelte/icons/webhook';
import Workflow from '@lucide/svelte/icons/workflow';
import Wrench from '@lucide/svelte/icons/wrench';

export const NODE_ICONS: Record<string, Component> = {
	'bot': Bot,
	'brain': Brain,
	'clock': Clock,
	'code': Code,
	'file-text': FileText,
	'git-branch': GitBranch,
	'globe': Globe,
	'log-in': LogIn,
	'log-out': LogOut,
	'mail': Mail,
	'plug': Plug,
	'repeat': Repeat,
	'scroll-text': ScrollText,
	'sparkles': Sparkles,
	'split': Split,
	'square-dashed': SquareDashed,
	'sticky-note': StickyNote,
	'terminal': Terminal,
	'timer': Timer,
	'user-cog': UserCog,
	'webhook': Webhook,
	'workflow': Workflow,
	'wrench': Wrench,
};
