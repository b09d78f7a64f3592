import type { Component } from 'svelte';
import Activity from '@lucide/svelte/icons/activity';
import BookOpen from '@lucide/svelte/icons/book-open';
import Bot from '@lucide/svelte/icons/bot';
import ChartColumn from '@lucide/svelte/icons/chart-column';
import KeyRound from '@lucide/svelte/icons/key-round';
import LayoutDashboard from '@lucide/svelte/icons/layout-dashboard';
import MessageSquare from '@lucide/svelte/icons/message-square';
import Server from '@lucide/svelte/icons/server';
import Settings from '@lucide/svelte/icons/settings';
import SlidersHorizontal from '@lucide/svelte/icons/sliders-horizontal';
import Users from '@lucide/svelte/icons/users';
import Variable from '@lucide/svelte/icons/variable';
import Webhook from '@lucide/svelte/icons/webhook';
import WorkflowIcon from '@lucide/svelte/icons/workflow';
import Wrench from '@lucide/svelte/icons/wrench';

export type Role = 'admin' | 'editor' | 'viewer';
export const ROLE_RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export interface NavItem {
	href: string;
	label: string;
	icon: Component<{ class?: string }>;
	/** The least role that may open the page (the server guard enforces it; this only hides the link). */
	role: Role;
}

export const NAV: { title: string; items: NavItem[] }[] = [
	{
		title: 'Overview',
		items: [
			{ href: '/', label: 'Dashboard', icon: LayoutDashboard, role: 'viewer' },
			{ href: '/chat', label: 'Chat', icon: MessageSquare, role: 'editor' },
			{ href: '/usage', label: 'Usage', icon: ChartColumn, role: 'viewer' }
		]
	},
	{
		title: 'Gateway',
		items: [
			{ href: '/providers', label: 'Providers', icon: Server, role: 'viewer' },
			{ href: '/tokens', label: 'API tokens', icon: KeyRound, role: 'viewer' }
		]
	},
	{
		title: 'Automation',
		items: [
			{ href: '/workflows', label: 'Workflows', icon: WorkflowIcon, role: 'viewer' },
			{ href: '/runs', label: 'Runs', icon: Activity, role: 'editor' },
			{ href: '/triggers', label: 'Triggers', icon: Webhook, role: 'viewer' }
		]
	},
	{
		title: 'Resources',
		items: [
			{ href: '/skills', label: 'Skills', icon: Wrench, role: 'viewer' },
			{ href: '/agents', label: 'Agents', icon: Bot, role: 'viewer' },
			{ href: '/variables', label: 'Variables', icon: Variable, role: 'viewer' },
			{ href: '/node-configs', label: 'Node configs', icon: SlidersHorizontal, role: 'viewer' }
		]
	},
	{
		title: 'Admin',
		items: [
			{ href: '/users', label: 'Users', icon: Users, role: 'admin' },
			{ href: '/settings', label: 'Settings', icon: Settings, role: 'admin' }
		]
	},
	{ title: 'Help', items: [{ href: '/docs', label: 'Docs', icon: BookOpen, role: 'viewer' }] }
];

export const hasRole = (role: Role | undefined, least: Role) => role !== undefined && ROLE_RANK[role] >= ROLE_RANK[least];
