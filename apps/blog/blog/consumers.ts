/**
 * The seed's live comments: everyone reading a post joins its group; a logged-in reader's
 * comment is saved and sent to the whole group, so it appears on every open page at once.
 */
import { JsonWebsocketConsumer, getChannelLayer, type ChannelMessage } from '@stack/framework/asgi';
import { Comment, Post } from './models.ts';
import { forgetPostPage, originOfSocket } from './page-cache.ts';

/** The longest comment accepted over the socket, in characters. */
export const MAX_COMMENT_LENGTH = 2000;

/** The group of everyone reading one post. */
export function commentGroup(postPk: unknown): string {
  return `post_${String(postPk)}_comments`;
}

/**
 * Sends a saved comment to everyone reading its post, on this node or any other (the channel
 * layer is Redis when the blog runs on several machines). The socket and the comment form of
 * `post_detail` both call it.
 */
export async function announceComment(comment: Comment, author: string): Promise<void> {
  await getChannelLayer()?.groupSend(commentGroup(comment.postId), {
    type: 'comment.posted',
    author,
    content: comment.content,
    created_at: comment.createdAt.toISOString(),
  });
}

interface ScopeUser {
  isAuthenticated: boolean;
  pk: number;
  username: string;
}

export class CommentConsumer extends JsonWebsocketConsumer {
  group = '';
  post: Post | null = null;

  override async connect() {
    const { slug } = (this.scope.url_route as { kwargs: { slug: string } }).kwargs;
    this.post = (await Post.objects.filter({ slug, published: true }).first()) ?? null;
    if (!this.post) return this.close();
    this.group = commentGroup(this.post.pk);
    await this.channelLayer!.groupAdd(this.group, this.channelName);
    await this.accept();
  }

  override async receiveJson(content: unknown) {
    const user = await (this.scope.user as PromiseLike<ScopeUser>);
    if (!user.isAuthenticated) return this.sendJson({ error: 'Log in to comment.' });
    const text = (content as { content?: unknown } | null)?.content;
    if (typeof text !== 'string' || text.trim() === '')
      return this.sendJson({ error: 'A comment needs some text.' });
    if (text.length > MAX_COMMENT_LENGTH)
      return this.sendJson({ error: `A comment has at most ${MAX_COMMENT_LENGTH} characters.` });
    const comment = await Comment.objects.create({
      post: this.post!,
      author: user.pk as never,
      content: text.trim(),
      approved: true,
    });
    // Evicted before it is announced: a reader who reloads on seeing it gets the new page.
    const origin = originOfSocket(this.scope as never);
    if (origin) await forgetPostPage(origin, this.post!);
    await announceComment(comment, user.username);
  }

  async commentPosted(event: ChannelMessage) {
    await this.sendJson({
      author: event.author,
      content: event.content,
      created_at: event.created_at,
    });
  }

  override async disconnect() {
    if (this.group) await this.channelLayer!.groupDiscard(this.group, this.channelName);
  }
}
