/**
 * The seed's `PostCreateView` and the edit view: logged-in writers only (`LoginRequiredMixin`),
 * a ModelForm (`PostForm`), the address made with `slugify`, and an e-mail to the blog's editors
 * (`managers`) when a post is written.
 */
import { CreateView, UpdateView } from '@stack/framework';
import { reverse } from '@stack/framework/urls';
import { LoginRequiredMixin } from '@stack/framework/contrib-auth';
import type { BaseModelForm } from '@stack/framework/forms';
import { mailManagers } from '@stack/framework/mail';
import type { HttpRequest, HttpResponseBase } from '@stack/framework/request';
import { slugify } from '@stack/framework/utils';
import { PostForm } from '../forms.ts';
import { Post } from '../models.ts';
import { notify } from '../notices.ts';
import { forgetPostPage, originOf } from '../page-cache.ts';

interface Writer {
  pk: number;
  username: string;
}

async function writerOf(request: unknown): Promise<Writer> {
  return (request as { user: PromiseLike<Writer> }).user;
}

/** A published post's page; a draft (which has no public page) goes back to its form. */
function afterSaving(post: Post): string {
  return post.published ? post.getAbsoluteUrl() : reverse('blog:post_edit', { args: [post.slug] });
}

export class PostCreateView extends LoginRequiredMixin(CreateView) {
  override model = Post;
  override formClass = PostForm;

  override async formValid(form: BaseModelForm<Post>): Promise<HttpResponseBase> {
    const writer = await writerOf(this.request);
    form.instance.author = writer as never;
    form.instance.slug = slugify(form.instance.title);
    const response = await super.formValid(form);
    const post = this.object as Post;
    await mailManagers(
      `New post: ${post.title}`,
      `${writer.username} wrote "${post.title}"${post.published ? '' : ' (a draft)'}.\n\n` +
        `${(this.request as HttpRequest).buildAbsoluteUri(afterSaving(post))}\n`,
      { failSilently: true }, // the post is saved; a mail server down must not lose it
    );
    notify(this.request as HttpRequest, 'success', `“${post.title}” was saved.`);
    return response;
  }

  override getSuccessUrl(): string {
    return afterSaving(this.object as Post);
  }
}

/** Edits a post of the logged-in writer's own; anyone else's is a 404, as if it did not exist. */
export class PostUpdateView extends LoginRequiredMixin(UpdateView) {
  override model = Post;
  override formClass = PostForm;

  override getQueryset() {
    const writer = (this as unknown as { writer: Writer }).writer;
    return Post.objects.filter({ author: writer.pk });
  }

  override async dispatch(request: HttpRequest, ...args: unknown[]) {
    (this as unknown as { writer: Writer }).writer = await writerOf(request);
    return super.dispatch(request, ...args);
  }

  override async formValid(form: BaseModelForm<Post>): Promise<HttpResponseBase> {
    const response = await super.formValid(form);
    const request = this.request as HttpRequest;
    await forgetPostPage(originOf(request), this.object as Post);
    notify(request, 'success', `“${(this.object as Post).title}” was updated.`);
    return response;
  }

  override getSuccessUrl(): string {
    return afterSaving(this.object as Post);
  }
}
