// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Shipping to S3-compatible object storage (AWS S3, Ceph's RADOS Gateway,
 * MinIO...) with libcurl, which signs every request (AWS Signature
 * Version 4, CURLOPT_AWS_SIGV4).  Path-style URLs: ENDPOINT/BUCKET/KEY.
 *
 * The vmcore goes up as a multipart upload whose id is kept in ship.state
 * as soon as the storage gives it, so a reboot or a cut resumes it: the
 * storage's own list of the parts it holds (ListParts) says what is left.
 * Each part carries its SHA-256 in the signed x-amz-content-sha256 header,
 * so the storage refuses a part that did not arrive as sent; the object
 * exists only once the upload is completed, and its size is then read
 * back before the dump's signature entry is written.
 */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ddmsg.h"
#include "job.h"
#include "reply.h"
#include "state.h"

/* S3: at least 5 MiB a part but the last, at most 10000 parts. */
#define PART_MIN	(16ull << 20)
#define MAX_PARTS	S3_MAX_PARTS
#define RESPONSE_MAX	(1 << 20)

struct response {
	char	*body;
	size_t	len;
	char	etag[128];
	long	status;
};

struct body {
	int		fd;		/* -1: from mem */
	const char	*mem;
	off_t		offset;
	size_t		left;
};

static struct {
	CURL		*curl;
	char		userpwd[512];
	char		sigv4[128];
	char		endpoint[1024];
	/* What ListParts said of the upload under way (survey), by number - 1. */
	struct s3_part	*parts;
	unsigned int	nr_parts;
} s3;

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
	struct response *r = arg;
	size_t len = size * n;

	if (r->len + len > RESPONSE_MAX)
		return 0;
	memcpy(r->body + r->len, data, len);
	r->len += len;
	r->body[r->len] = '\0';
	return len;
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
	struct response *r = arg;
	size_t len = size * n;

	if (len > 5 && !strncasecmp(data, "ETag:", 5)) {
		const char *v = data + 5;
		size_t vl;

		while (*v == ' ' && v < data + len)
			v++;
		vl = (size_t)(data + len - v);
		while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
			vl--;
		if (vl < sizeof(r->etag) && !memchr(v, '<', vl) && !memchr(v, '&', vl)) {
			memcpy(r->etag, v, vl);
			r->etag[vl] = '\0';
		}
	}
	return len;
}

static size_t on_read(char *buf, size_t size, size_t n, void *arg)
{
	struct body *b = arg;
	size_t want = size * n < b->left ? size * n : b->left;
	ssize_t got;

	if (!want)
		return 0;
	if (b->fd < 0) {
		memcpy(buf, b->mem, want);
		b->mem += want;
		b->left -= want;
		return want;
	}
	got = pread(b->fd, buf, want, b->offset);
	if (got <= 0)
		return CURL_READFUNC_ABORT;
	b->offset += got;
	b->left -= (size_t)got;
	return (size_t)got;
}

/* The storage's verdict on a refused request, as a cause for the journal. */
static int refused(struct ship_job *j, const char *what, const struct response *r)
{
	char code[128] = "", msg[256] = "";
	const char *p = r->body;

	xml_value(&p, "Code", code, sizeof(code));
	p = r->body;
	xml_value(&p, "Message", msg, sizeof(msg));
	if (!strcmp(code, "InvalidAccessKeyId") || !strcmp(code, "SignatureDoesNotMatch") ||
	    !strcmp(code, "ExpiredToken") || !strcmp(code, "TokenRefreshRequired"))
		return ship_fail(j, "%s: the storage refused the credentials in SHIP_S3_CREDENTIALS (%s%s%s)",
				 what, code, msg[0] ? ": " : "", msg);
	if (!strcmp(code, "AccessDenied"))
		return ship_fail(j, "%s: access denied by the storage (%s)", what, msg);
	if (!strcmp(code, "NoSuchBucket"))
		return ship_fail(j, "%s: the bucket does not exist", what);
	if (!strcmp(code, "QuotaExceeded") || !strcmp(code, "InsufficientStorage") ||
	    r->status == 507)
		return ship_fail(j, "%s: the bucket is full or over its quota (%s)", what,
				 code[0] ? code : "HTTP 507");
	return ship_fail(j, "%s: HTTP %ld%s%s%s%s", what, r->status, code[0] ? " " : "", code,
			 msg[0] ? ": " : "", msg);
}

/*
 * One request: METHOD ENDPOINT/BUCKET/KEY[?QUERY], with body (or none),
 * whose SHA-256 (hex, or UNSIGNED-PAYLOAD) is signed with it.  0 with the
 * response when the storage said 2xx.
 */
static int request(struct ship_job *j, const char *what, const char *method, const char *key,
		   const char *query, struct body *b, const char *sha, struct response *r)
{
	char url[2600], hdr[128];
	struct curl_slist *headers = NULL;
	CURLcode rc;
	CURL *c = s3.curl;

	r->len = 0;
	r->body[0] = '\0';
	r->etag[0] = '\0';
	r->status = 0;
	snprintf(url, sizeof(url), "%s/%s/%s%s%s", s3.endpoint, j->t->base, key,
		 query ? "?" : "", query ? query : "");
	snprintf(hdr, sizeof(hdr), "x-amz-content-sha256: %s", sha ? sha : "UNSIGNED-PAYLOAD");
	/*
	 * Nothing else: libcurl signs every header of this list, and one it
	 * then leaves out ("Expect:" to drop its 100-continue) breaks the
	 * signature.
	 */
	headers = curl_slist_append(headers, hdr);
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_AWS_SIGV4, s3.sigv4);
	curl_easy_setopt(c, CURLOPT_USERPWD, s3.userpwd);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	/* A dead connection: under a byte a second for a minute. */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	if (j->cfg->rate_kib)
		curl_easy_setopt(c, CURLOPT_MAX_SEND_SPEED_LARGE,
				 (curl_off_t)j->cfg->rate_kib * 1024);
	if (!strcmp(method, "PUT")) {
		curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
		curl_easy_setopt(c, CURLOPT_READDATA, b);
		curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)b->left);
	} else if (!strcmp(method, "POST")) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, b ? b->mem : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(b ? b->left : 0));
	} else if (!strcmp(method, "HEAD")) {
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	}
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(headers);
	if (rc != CURLE_OK) {
		if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST)
			return ship_fail(j, "%s: cannot reach the storage at %s (%s)", what,
					 s3.endpoint, curl_easy_strerror(rc));
		if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CONNECT_ERROR)
			return ship_fail(j, "%s: the storage's TLS certificate is not trusted (%s)",
					 what, curl_easy_strerror(rc));
		return ship_fail(j, "%s: the connection to the storage failed (%s)", what,
				 curl_easy_strerror(rc));
	}
	if (r->status / 100 != 2)
		return refused(j, what, r);
	/* S3 may say 200 and put the error in the body (CompleteMultipartUpload). */
	if (strstr(r->body, "<Error>"))
		return refused(j, what, r);
	return 0;
}

static int sha256_hex(struct ship_job *j, int fd, off_t off, size_t len, char hex[65])
{
	static unsigned char buf[1 << 20];
	unsigned char md[32];
	unsigned int mdlen;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);

	while (ok && len) {
		ssize_t n = pread(fd, buf, len < sizeof(buf) ? len : sizeof(buf), off);

		if (n <= 0) {
			EVP_MD_CTX_free(ctx);
			return ship_fail(j, "cannot read the vmcore: %s", n ? strerror(errno) : "cut short");
		}
		ok = EVP_DigestUpdate(ctx, buf, (size_t)n);
		off += n;
		len -= (size_t)n;
	}
	ok = ok && EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return ship_fail(j, "SHA-256 failed");
	for (unsigned int i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
	return 0;
}

/* SHIP_S3_CREDENTIALS: root's alone; access_key_id= and secret_access_key= lines. */
static int load_credentials(struct ship_job *j)
{
	char line[512], id[200] = "", secret[200] = "";
	const char *path = j->cfg->s3_credentials;
	struct stat st;
	FILE *f = fopen(path, "re");

	if (!f)
		return ship_fail(j, "SHIP_S3_CREDENTIALS %s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) || (st.st_mode & 077) || st.st_uid != geteuid()) {
		fclose(f);
		return ship_fail(j, "SHIP_S3_CREDENTIALS %s must belong to %s and be readable by no one else (chmod 600)",
				 path, geteuid() ? "this user" : "root");
	}
	while (fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '='), *k = line, *v, *end;

		if (!eq || line[0] == '#' || line[0] == '[')
			continue;
		*eq = '\0';
		v = eq + 1;
		while (*k == ' ' || *k == '\t')
			k++;
		for (end = eq; end > k && (end[-1] == ' ' || end[-1] == '\t'); end--)
			end[-1] = '\0';
		v += strspn(v, " \t");
		v[strcspn(v, " \t\r\n")] = '\0';
		if (!strcmp(k, "access_key_id") || !strcmp(k, "aws_access_key_id"))
			snprintf(id, sizeof(id), "%s", v);
		else if (!strcmp(k, "secret_access_key") || !strcmp(k, "aws_secret_access_key"))
			snprintf(secret, sizeof(secret), "%s", v);
	}
	fclose(f);
	if (!id[0] || !secret[0] || strchr(id, ':'))
		return ship_fail(j, "SHIP_S3_CREDENTIALS %s needs access_key_id= and secret_access_key= lines",
				 path);
	snprintf(s3.userpwd, sizeof(s3.userpwd), "%s:%s", id, secret);
	memset(secret, 0, sizeof(secret));
	return 0;
}

static int s3_open(struct ship_job *j)
{
	if (!s3.curl) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) || !(s3.curl = curl_easy_init()))
			return ship_fail(j, "cannot start libcurl");
	}
	if (load_credentials(j))
		return -1;
	snprintf(s3.sigv4, sizeof(s3.sigv4), "aws:amz:%s:s3", j->cfg->s3_region);
	if (j->cfg->s3_endpoint[0])
		snprintf(s3.endpoint, sizeof(s3.endpoint), "%s", j->cfg->s3_endpoint);
	else
		snprintf(s3.endpoint, sizeof(s3.endpoint), "https://s3.%s.amazonaws.com",
			 j->cfg->s3_region);
	while (strlen(s3.endpoint) > 8 && s3.endpoint[strlen(s3.endpoint) - 1] == '/')
		s3.endpoint[strlen(s3.endpoint) - 1] = '\0';
	return 0;
}

static void key_of(const struct ship_job *j, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s/%s/%s", j->t->prefix, j->host, j->dump, name);
}

static unsigned long long part_size(long long size)
{
	unsigned long long p = PART_MIN;

	while ((unsigned long long)size > p * MAX_PARTS)
		p *= 2;
	return p;
}

/* Bytes of part i (from 0) of a vmcore of size bytes in parts of psize. */
static long long part_len(unsigned int i, unsigned int nparts, unsigned long long psize,
			  long long size)
{
	return i + 1 < nparts ? (long long)psize : size - (long long)(psize * i);
}

static struct response resp;

static int ensure_response(struct ship_job *j)
{
	if (!resp.body && !(resp.body = malloc(RESPONSE_MAX + 1)))
		return ship_fail(j, "out of memory");
	return 0;
}

/* ListParts of the upload in st: its parts into s3.parts; 1 when the upload is gone. */
static int list_parts(struct ship_job *j, struct ship_state *st)
{
	char key[1200], query[600], *id;
	unsigned int marker = 0;
	bool more = true;

	free(s3.parts);
	s3.nr_parts = 0;
	s3.parts = calloc(MAX_PARTS, sizeof(*s3.parts));
	if (!s3.parts)
		return ship_fail(j, "out of memory");
	key_of(j, j->core, key, sizeof(key));
	id = curl_easy_escape(s3.curl, st->upload_id, 0);
	while (more) {
		unsigned int before = marker;

		snprintf(query, sizeof(query), "part-number-marker=%u&uploadId=%s", marker, id);
		if (request(j, "listing the parts of the vmcore", "GET", key, query, NULL, NULL, &resp)) {
			curl_free(id);
			return resp.status == 404 ? 1 : -1;
		}
		more = s3_parse_parts(resp.body, s3.parts, &s3.nr_parts, &marker);
		/* A store that says "more" and lists nothing new is not followed. */
		if (marker == before)
			more = false;
	}
	curl_free(id);
	return 0;
}

static int s3_survey(struct ship_job *j, struct ship_state *st, struct ship_survey *sv)
{
	char query[800], marker[600], prefix[700], *enc;
	int rc;

	memset(sv, 0, sizeof(*sv));
	if (ensure_response(j) || s3_open(j))
		return -1;
	if (j->sig[0]) {
		snprintf(prefix, sizeof(prefix), "%ssignatures/%s/", j->t->prefix, j->sig);
		enc = curl_easy_escape(s3.curl, prefix, 0);
		/* One page is enough: SHIP_SAMPLE is far below 1000. */
		snprintf(query, sizeof(query), "list-type=2&prefix=%s", enc);
		curl_free(enc);
		if (request(j, "listing the signature", "GET", "", query, NULL, NULL, &resp))
			return -1;
		ship_marker_name(j, marker, sizeof(marker));
		s3_count_keys(resp.body, prefix, marker, sv);
	}
	if (st->upload_id[0]) {
		rc = list_parts(j, st);
		if (rc < 0)
			return -1;
		if (rc) {
			/* Completed, or aborted by a lifecycle rule: start again. */
			st->upload_id[0] = '\0';
			s3.nr_parts = 0;
		}
		for (unsigned int i = 0; i < s3.nr_parts && s3.parts[i].size; i++)
			sv->partial += s3.parts[i].size;
	}
	return 0;
}

static int put_file(struct ship_job *j, const char *key, const char *name)
{
	int fd = openat(j->dumpfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct body b = { .fd = fd };
	char sha[65], what[300];
	struct stat st;
	int rc;

	if (fd < 0 || fstat(fd, &st)) {
		rc = ship_fail(j, "cannot read %s: %s", name, strerror(errno));
		goto out;
	}
	b.left = (size_t)st.st_size;
	snprintf(what, sizeof(what), "sending %s", name);
	rc = sha256_hex(j, fd, 0, b.left, sha) ? -1 :
	     request(j, what, "PUT", key, NULL, &b, sha, &resp);
out:
	if (fd >= 0)
		close(fd);
	return rc;
}

static int s3_put_files(struct ship_job *j, const char *const *names, unsigned int n)
{
	char key[1200];

	for (unsigned int i = 0; i < n; i++) {
		key_of(j, names[i], key, sizeof(key));
		if (put_file(j, key, names[i]))
			return -1;
	}
	return 0;
}

static int start_upload(struct ship_job *j, struct ship_state *st, const char *key)
{
	char err[256];
	const char *p;

	if (request(j, "starting the vmcore's upload", "POST", key, "uploads=", NULL, NULL, &resp))
		return -1;
	p = resp.body;
	if (!xml_value(&p, "UploadId", st->upload_id, sizeof(st->upload_id)) ||
	    !st->upload_id[0] || strpbrk(st->upload_id, "\n\r <&"))
		return ship_fail(j, "the storage gave no usable upload id");
	s3.nr_parts = 0;
	/* Kept before any part is sent: a reboot resumes this upload. */
	if (ship_state_save(j->dumpfd, st, err, sizeof(err)))
		return ship_fail(j, "%s", err);
	return 0;
}

static int complete_upload(struct ship_job *j, struct ship_state *st, const char *key,
			   unsigned int nparts, char *id)
{
	size_t cap = 128 + (size_t)nparts * 200, len;
	char *xml = malloc(cap), query[600];
	struct body b = { .fd = -1 };
	int rc;

	if (!xml)
		return ship_fail(j, "out of memory");
	len = (size_t)snprintf(xml, cap, "<CompleteMultipartUpload>");
	for (unsigned int i = 0; i < nparts; i++)
		len += (size_t)snprintf(xml + len, cap - len,
					"<Part><PartNumber>%u</PartNumber><ETag>%s</ETag></Part>",
					i + 1, s3.parts[i].etag);
	len += (size_t)snprintf(xml + len, cap - len, "</CompleteMultipartUpload>");
	b.mem = xml;
	b.left = len;
	snprintf(query, sizeof(query), "uploadId=%s", id);
	rc = request(j, "completing the vmcore's upload", "POST", key, query, &b, NULL, &resp);
	free(xml);
	(void)st;
	return rc;
}

static int s3_put_vmcore(struct ship_job *j, struct ship_state *st,
			 const struct ship_survey *sv, long long size)
{
	unsigned long long psize = part_size(size);
	unsigned int nparts = size ? (unsigned int)((size + psize - 1) / psize) : 1, have = 0;
	char key[1200], query[700], sha[65], what[64], *id = NULL, len[32];
	int fd = -1, rc = -1;

	key_of(j, j->core, key, sizeof(key));
	if (!st->upload_id[0] && start_upload(j, st, key))
		return -1;
	if (!s3.parts && !(s3.parts = calloc(MAX_PARTS, sizeof(*s3.parts))))
		return ship_fail(j, "out of memory");
	for (unsigned int i = 0; i < nparts && i < s3.nr_parts; i++)
		if (s3.parts[i].etag[0] && s3.parts[i].size == part_len(i, nparts, psize, size))
			have++;
	if (sv->partial && have) {
		dd_human_size((unsigned long long)sv->partial, len, sizeof(len));
		ship_note(j, "resuming the vmcore: the storage holds %u of its %u parts (%s)",
			  have, nparts, len);
	}
	fd = openat(j->dumpfd, j->core, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		ship_fail(j, "cannot read the vmcore: %s", strerror(errno));
		goto out;
	}
	id = curl_easy_escape(s3.curl, st->upload_id, 0);
	for (unsigned int i = 0; i < nparts; i++) {
		off_t off = (off_t)(psize * i);
		size_t n = (size_t)part_len(i, nparts, psize, size);
		struct body b = { .fd = fd, .offset = off, .left = n };

		if (i < s3.nr_parts && s3.parts[i].etag[0] && s3.parts[i].size == (long long)n)
			continue;
		snprintf(query, sizeof(query), "partNumber=%u&uploadId=%s", i + 1, id);
		snprintf(what, sizeof(what), "sending part %u of %u of the vmcore", i + 1, nparts);
		if (sha256_hex(j, fd, off, n, sha) ||
		    request(j, what, "PUT", key, query, &b, sha, &resp))
			goto out;
		if (!resp.etag[0]) {
			ship_fail(j, "%s: the storage gave no ETag", what);
			goto out;
		}
		snprintf(s3.parts[i].etag, sizeof(s3.parts[i].etag), "%s", resp.etag);
		s3.parts[i].size = (long long)n;
		if (i + 1 > s3.nr_parts)
			s3.nr_parts = i + 1;
	}
	if (complete_upload(j, st, key, nparts, id))
		goto out;
	if (request(j, "checking the vmcore at the storage", "HEAD", key, NULL, NULL, NULL, &resp))
		goto out;
	{
		curl_off_t got = -1;

		curl_easy_getinfo(s3.curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &got);
		if (got != size) {
			ship_fail(j, "the storage holds %lld bytes of the vmcore, not %lld",
				  (long long)got, size);
			goto out;
		}
	}
	rc = 0;
out:
	curl_free(id);
	if (fd >= 0)
		close(fd);
	return rc;
}

static int s3_mark(struct ship_job *j)
{
	char key[1200], marker[600];

	ship_marker_name(j, marker, sizeof(marker));
	snprintf(key, sizeof(key), "%ssignatures/%s/%s", j->t->prefix, j->sig, marker);
	return put_file(j, key, "triage.json");
}

const struct ship_transport ship_s3 = {
	.name = "s3",
	.survey = s3_survey,
	.put_files = s3_put_files,
	.put_vmcore = s3_put_vmcore,
	.mark = s3_mark,
};
