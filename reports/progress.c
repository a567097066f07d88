/* progress.c - one line of progress on a terminal (progress.h). */
#include "progress.h"

#include <stdarg.h>

static void draw(struct report_progress *p)
{
	if (p->on && p->line[0] && !p->hidden) {
		fprintf(p->f, "\rkdep: %s...\033[K\r", p->line);
		fflush(p->f);
	}
}

static void erase(struct report_progress *p)
{
	if (p->on && p->line[0] && !p->hidden) {
		fputs("\r\033[K", p->f);
		fflush(p->f);
	}
}

/* The other's callback, with ours out of the way while its line is up. */
static void relay(void *ctx, const char *arch, const char *profile,
		  int begin)
{
	struct report_progress *p = ctx;
	if (begin) {
		erase(p);
		p->hidden = 1;
	}
	if (p->inner)
		p->inner(p->inner_ctx, arch, profile, begin);
	if (!begin) {
		p->hidden = 0;
		draw(p);
	}
}

void report_progress_begin(struct report_progress *p, FILE *f, int on,
			   report_progress_fn *slot, void **slot_ctx)
{
	*p = (struct report_progress){ .f = f, .on = on };
	if (!on || !slot || !slot_ctx)
		return;
	p->slot = slot;
	p->slot_ctx = slot_ctx;
	p->inner = *slot;
	p->inner_ctx = *slot_ctx;
	*slot = relay;
	*slot_ctx = p;
}

void report_progress_show(struct report_progress *p, const char *fmt, ...)
{
	va_list ap;
	if (!p->on)
		return;
	va_start(ap, fmt);
	vsnprintf(p->line, sizeof(p->line), fmt, ap);
	va_end(ap);
	draw(p);
}

void report_progress_clear(struct report_progress *p)
{
	erase(p);
	p->line[0] = '\0';
}

void report_progress_end(struct report_progress *p)
{
	report_progress_clear(p);
	if (p->slot) {
		*p->slot = p->inner;
		*p->slot_ctx = p->inner_ctx;
		p->slot = NULL;
	}
}
