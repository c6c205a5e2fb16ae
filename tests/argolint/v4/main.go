// Command argolint is a test oracle: it runs Argo Workflows' own offline lint
// and Argo's own template substitution, linked from the
// github.com/argoproj/argo-workflows/v4 module. It holds no copy of Argo's
// logic; every answer comes from a call into the module.
//
// Keep this file in step with ../v3/main.go: the two differ only where the
// module APIs differ (v4 threads a context.Context through).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	apiv1 "k8s.io/api/core/v1"
	apierr "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	corev1 "k8s.io/client-go/kubernetes/typed/core/v1"

	"github.com/argoproj/argo-workflows/v4/cmd/argo/commands/common"
	"github.com/argoproj/argo-workflows/v4/cmd/argo/lint"
	"github.com/argoproj/argo-workflows/v4/pkg/apiclient"
	wf "github.com/argoproj/argo-workflows/v4/pkg/apis/workflow"
	wfv1 "github.com/argoproj/argo-workflows/v4/pkg/apis/workflow/v1alpha1"
	"github.com/argoproj/argo-workflows/v4/util/logging"
	"github.com/argoproj/argo-workflows/v4/util/template"
	wfcommon "github.com/argoproj/argo-workflows/v4/workflow/common"
	controllercache "github.com/argoproj/argo-workflows/v4/workflow/controller/cache"
)

const argoModule = "github.com/argoproj/argo-workflows/v4"

const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

const usage = `usage:
  argolint lint [-kinds K,..] [-output pretty|simple] [-strict=true] FILE...
      Argo's offline lint (argo lint --offline --strict). Exit 0 when every file
      passes, 1 when lint reports errors, 2 on a usage error.
  argolint resolve [-param KEY=VALUE]... [-allow-unresolved] [-strict-prefix P]... STRING
      Substitute STRING with Argo's util/template, the way the controller does
      for a string field of a template. Prints the result; exit 1 on an error.
  argolint batch < requests.json > responses.json
      A JSON array of requests in, a JSON array of responses out (same order).
      Ops: "replace", "replaceStrict", "processArgs", "cacheKey", "lint";
      see README.md.
  argolint version
      Prints the Argo module path and version this binary was built from.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	ctx := newContext()
	switch args[0] {
	case "lint":
		return cmdLint(ctx, args[1:], stdout, stderr)
	case "resolve":
		return cmdResolve(ctx, args[1:], stdout, stderr)
	case "batch":
		return cmdBatch(ctx, stdin, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, argoModule, moduleVersion())
		return exitOK
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "argolint: unknown subcommand %q\n%s", args[0], usage)
		return exitUsage
	}
}

// newContext gives Argo's code the logger it requires, quiet below errors.
func newContext() context.Context {
	logger := logging.NewSlogLogger(logging.Error, logging.Text)
	return logging.WithLogger(context.Background(), logger)
}

func moduleVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, dep := range info.Deps {
		if dep.Path == argoModule {
			if dep.Replace != nil {
				return dep.Replace.Version
			}
			return dep.Version
		}
	}
	return "unknown"
}

// ---------------------------------------------------------------- lint

type lintRequest struct {
	Files  []string `json:"files"`
	Kinds  []string `json:"kinds,omitempty"`
	Output string   `json:"output,omitempty"`
	Strict *bool    `json:"strict,omitempty"`
}

type lintFileResult struct {
	File   string   `json:"file"`
	Linted bool     `json:"linted"`
	Errors []string `json:"errors"`
}

type lintResponse struct {
	OK      bool             `json:"ok"`
	Output  string           `json:"output"`
	Results []lintFileResult `json:"results"`
}

var allKinds = []string{wf.WorkflowPlural, wf.WorkflowTemplatePlural, wf.CronWorkflowPlural, wf.ClusterWorkflowTemplatePlural}

// usageError marks an error that is the caller's fault (exit 2).
type usageError struct{ error }

// runLint does what `argo lint --offline` does (cmd/argo/commands/lint.go:
// runLint and cmd/argo/lint: RunLint), minus the os.Exit: it builds the
// module's offline API client over the given files, so references between
// them resolve from those files only, and calls lint.Lint.
func runLint(ctx context.Context, req lintRequest) (*lintResponse, error) {
	if len(req.Files) == 0 {
		return nil, usageError{errors.New("no files to lint")}
	}
	for _, f := range req.Files {
		if _, err := os.Stat(f); err != nil {
			return nil, usageError{err}
		}
	}
	output := req.Output
	if output == "" {
		output = "pretty"
	}
	fmtr, err := lint.GetFormatter(output)
	if err != nil {
		return nil, usageError{err}
	}
	strict := true
	if req.Strict != nil {
		strict = *req.Strict
	}
	kinds := req.Kinds
	if len(kinds) == 0 || strings.Contains(strings.Join(kinds, ","), "all") {
		kinds = allKinds
	}

	ctx, client, err := apiclient.NewClientFromOptsWithContext(ctx, apiclient.Opts{
		Offline:      true,
		OfflineFiles: req.Files,
	})
	if err != nil {
		// e.g. a manifest that does not parse, or a duplicate template name
		return &lintResponse{OK: false, Output: err.Error() + "\n"}, nil
	}
	clients, err := lintClients(ctx, client, kinds)
	if err != nil {
		return nil, usageError{err}
	}
	var buf strings.Builder
	res, err := lint.Lint(ctx, &lint.LintOptions{
		Files:            req.Files,
		Strict:           strict,
		DefaultNamespace: "", // as client.Namespace() is when offline
		Formatter:        fmtr,
		ServiceClients:   clients,
		Printer:          &buf,
	})
	if err != nil {
		return &lintResponse{OK: false, Output: buf.String() + err.Error() + "\n"}, nil
	}
	out := &lintResponse{OK: res.Success, Output: buf.String(), Results: []lintFileResult{}}
	for _, r := range res.Results {
		fr := lintFileResult{File: r.File, Linted: r.Linted, Errors: []string{}}
		for _, e := range r.Errs {
			fr.Errors = append(fr.Errors, e.Error())
		}
		out.Results = append(out.Results, fr)
	}
	return out, nil
}

// lintClients mirrors the unexported cmd/argo/lint.getLintClients.
func lintClients(ctx context.Context, client apiclient.Client, kinds []string) (lint.ServiceClients, error) {
	res := lint.ServiceClients{}
	var err error
	for _, kind := range kinds {
		switch kind {
		case wf.WorkflowPlural, wf.WorkflowShortName:
			res.WorkflowsClient = client.NewWorkflowServiceClient(ctx)
		case wf.WorkflowTemplatePlural, wf.WorkflowTemplateShortName:
			res.WorkflowTemplatesClient, err = client.NewWorkflowTemplateServiceClient()
		case wf.CronWorkflowPlural, wf.CronWorkflowShortName:
			res.CronWorkflowsClient, err = client.NewCronWorkflowServiceClient()
		case wf.ClusterWorkflowTemplatePlural, wf.ClusterWorkflowTemplateShortName:
			res.ClusterWorkflowTemplateClient, err = client.NewClusterWorkflowTemplateServiceClient()
		default:
			return res, fmt.Errorf("unknown kind: %s", kind)
		}
		if err != nil {
			return lint.ServiceClients{}, err
		}
	}
	return res, nil
}

func cmdLint(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	kinds := fs.String("kinds", "all", "comma-separated kinds to lint: "+strings.Join(allKinds, "|"))
	output := fs.String("output", "pretty", "pretty|simple")
	strict := fs.Bool("strict", true, "strict parsing: unknown fields are errors")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	common.NoColor = true
	res, err := runLint(ctx, lintRequest{
		Files:  fs.Args(),
		Kinds:  strings.Split(*kinds, ","),
		Output: *output,
		Strict: strict,
	})
	if err != nil {
		fmt.Fprintln(stderr, "argolint:", err)
		return exitUsage
	}
	fmt.Fprint(stdout, res.Output)
	if !res.OK {
		return exitFail
	}
	return exitOK
}

// ---------------------------------------------------------------- resolve

type replaceRequest struct {
	S               string            `json:"s"`
	Params          map[string]string `json:"params"`
	AllowUnresolved bool              `json:"allowUnresolved"`
	StrictPrefixes  []string          `json:"strictPrefixes"`
}

// replaceString substitutes s as one string field of a JSON document, which is
// how the controller meets it: common.SubstituteParams json.Marshals the whole
// template and calls template.Replace on the text. strict selects
// template.ReplaceStrict (the controller's path for DAG/steps fields).
func replaceString(ctx context.Context, req replaceRequest, strict bool) (string, error) {
	quoted, err := json.Marshal(req.S)
	if err != nil {
		return "", err
	}
	params := req.Params
	if params == nil {
		params = map[string]string{}
	}
	var out string
	if strict {
		out, err = template.ReplaceStrict(ctx, string(quoted), params, req.StrictPrefixes)
	} else {
		out, err = template.Replace(ctx, string(quoted), params, req.AllowUnresolved)
	}
	if err != nil {
		return "", err
	}
	var s string
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		return "", fmt.Errorf("result is not a JSON string: %w", err)
	}
	return s, nil
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func cmdResolve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("resolve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var params, prefixes multiFlag
	fs.Var(&params, "param", "KEY=VALUE, repeatable (e.g. workflow.name=x, inputs.parameters.foo=y)")
	allow := fs.Bool("allow-unresolved", false, "leave unknown tags as they are (template.Replace(..., true))")
	fs.Var(&prefixes, "strict-prefix", "use template.ReplaceStrict with this prefix, repeatable")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "argolint resolve: exactly one STRING argument is needed")
		return exitUsage
	}
	req := replaceRequest{S: fs.Arg(0), Params: map[string]string{}, AllowUnresolved: *allow, StrictPrefixes: prefixes}
	for _, p := range params {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			fmt.Fprintf(stderr, "argolint resolve: -param %q is not KEY=VALUE\n", p)
			return exitUsage
		}
		req.Params[k] = v
	}
	out, err := replaceString(ctx, req, len(prefixes) > 0)
	if err != nil {
		fmt.Fprintln(stderr, "argolint resolve:", err)
		return exitFail
	}
	fmt.Fprintln(stdout, out)
	return exitOK
}

// ---------------------------------------------------------------- processArgs

type processArgsRequest struct {
	Template     json.RawMessage   `json:"template"`
	Arguments    json.RawMessage   `json:"arguments"`
	GlobalParams map[string]string `json:"globalParams"`
	LocalParams  map[string]string `json:"localParams"`
	Namespace    string            `json:"namespace"`
}

// processArgs calls workflow/common.ProcessArgs, the function the controller's
// executeTemplate (workflow/controller/operator.go) uses to bind arguments and
// substitute globals, locals and inputs into a template before it reads
// template.memoize.key. No ConfigMap store: configMapKeyRef values stay unset.
func processArgs(ctx context.Context, req processArgsRequest) (*wfv1.Template, error) {
	var tmpl wfv1.Template
	if err := json.Unmarshal(req.Template, &tmpl); err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	var args wfv1.Arguments
	if len(req.Arguments) > 0 && string(req.Arguments) != "null" {
		if err := json.Unmarshal(req.Arguments, &args); err != nil {
			return nil, fmt.Errorf("arguments: %w", err)
		}
	}
	return wfcommon.ProcessArgs(ctx, &tmpl, &args, wfcommon.Parameters(req.GlobalParams), wfcommon.Parameters(req.LocalParams), false, req.Namespace, nil)
}

// ---------------------------------------------------------------- cacheKey

type cacheKeyRequest struct {
	Key string `json:"key"`
}

// checkCacheKey asks the controller's ConfigMap memoization cache
// (workflow/controller/cache: configMapCache.Load) to look key up. Load
// rejects a key that is not a valid cache key before it reads the ConfigMap;
// a valid one reaches a ConfigMap that does not exist, which Load reports as
// a plain cache miss (nil entry, nil error).
func checkCacheKey(ctx context.Context, req cacheKeyRequest) error {
	c := controllercache.NewConfigMapCache("argolint", noConfigMaps{}, "argolint-cache")
	_, err := c.Load(ctx, req.Key)
	return err
}

// noConfigMaps is a kubernetes.Interface whose only working call is
// CoreV1().ConfigMaps(ns).Get, which answers NotFound; anything else panics.
type noConfigMaps struct{ kubernetes.Interface }

func (noConfigMaps) CoreV1() corev1.CoreV1Interface { return noConfigMapsCore{} }

type noConfigMapsCore struct{ corev1.CoreV1Interface }

func (noConfigMapsCore) ConfigMaps(string) corev1.ConfigMapInterface { return noConfigMapsClient{} }

type noConfigMapsClient struct{ corev1.ConfigMapInterface }

func (noConfigMapsClient) Get(_ context.Context, name string, _ metav1.GetOptions) (*apiv1.ConfigMap, error) {
	return nil, apierr.NewNotFound(apiv1.Resource("configmaps"), name)
}

// ---------------------------------------------------------------- batch

type batchRequest struct {
	Op string `json:"op"`
	replaceRequest
	processArgsRequest
	lintRequest
	cacheKeyRequest
}

type batchResponse struct {
	OK       bool             `json:"ok"`
	Error    string           `json:"error,omitempty"`
	Result   *string          `json:"result,omitempty"`
	Template *wfv1.Template   `json:"template,omitempty"`
	Output   *string          `json:"output,omitempty"`
	Results  []lintFileResult `json:"results,omitempty"`
}

func handle(ctx context.Context, req batchRequest) (resp batchResponse) {
	defer func() {
		if r := recover(); r != nil {
			resp = batchResponse{OK: false, Error: fmt.Sprintf("panic: %v", r)}
		}
	}()
	switch req.Op {
	case "replace", "replaceStrict":
		s, err := replaceString(ctx, req.replaceRequest, req.Op == "replaceStrict")
		if err != nil {
			return batchResponse{OK: false, Error: err.Error()}
		}
		return batchResponse{OK: true, Result: &s}
	case "processArgs":
		t, err := processArgs(ctx, req.processArgsRequest)
		if err != nil {
			return batchResponse{OK: false, Error: err.Error()}
		}
		return batchResponse{OK: true, Template: t}
	case "cacheKey":
		if err := checkCacheKey(ctx, req.cacheKeyRequest); err != nil {
			return batchResponse{OK: false, Error: err.Error()}
		}
		return batchResponse{OK: true}
	case "lint":
		r, err := runLint(ctx, req.lintRequest)
		if err != nil {
			return batchResponse{OK: false, Error: err.Error()}
		}
		return batchResponse{OK: r.OK, Output: &r.Output, Results: r.Results}
	default:
		return batchResponse{OK: false, Error: fmt.Sprintf("unknown op %q", req.Op)}
	}
}

func cmdBatch(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer) int {
	common.NoColor = true
	var reqs []batchRequest
	dec := json.NewDecoder(stdin)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&reqs); err != nil {
		fmt.Fprintln(stderr, "argolint batch: stdin must be a JSON array of requests:", err)
		return exitUsage
	}
	resps := make([]batchResponse, len(reqs))
	for i, req := range reqs {
		resps[i] = handle(ctx, req)
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(resps); err != nil {
		fmt.Fprintln(stderr, "argolint batch:", err)
		return exitFail
	}
	return exitOK
}
