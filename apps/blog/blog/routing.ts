/** The seed's `routing.py`: WebSocket URLs, included by the project's asgi.ts. */
import type { AsgiApplication } from '@stack/framework/asgi';
import { path, type UrlEntry } from '@stack/framework/urls';
import { CommentConsumer } from './consumers.ts';

export const websocketUrlpatterns: UrlEntry<AsgiApplication>[] = [
  path('ws/post/<slug:slug>/comments/', CommentConsumer.asAsgi()),
];
