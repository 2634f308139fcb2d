namespace Cais.Cli.Completion;

/// <summary>
/// The completion scripts <c>cais completion SHELL</c> prints. They hold no command names: each TAB runs
/// <c>cais __complete -- WORDS...</c> (or <c>__completeNoDesc</c>), which answers from the command tree and the engine,
/// so the scripts never go stale. The answer is "value[TAB description]" lines and a last ":directive" line.
/// </summary>
internal static class ShellScripts
{
    public static string For(string shell, bool descriptions) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh.Replace("__COMPLETE__", descriptions ? "__complete" : "__completeNoDesc", StringComparison.Ordinal),
        "fish" => Fish.Replace("__COMPLETE__", descriptions ? "__complete" : "__completeNoDesc", StringComparison.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "unknown shell"),
    };

    private const string Bash = """
        # bash completion for cais                                  -*- shell-script -*-
        #
        # Load it in this shell:            source <(cais completion bash)
        # Load it in every new shell:       cais completion bash > /etc/bash_completion.d/cais

        _cais_complete()
        {
            COMPREPLY=()
            # The line up to the cursor, split at blanks only: bash's own words are also split at '=' and ':',
            # which would cut "--network=web" and "busybox:latest" apart.
            local line=${COMP_LINE:0:COMP_POINT}
            local -a words
            read -r -a words <<<"$line"
            if [[ -z $line || $line =~ [[:space:]]$ ]]; then
                words+=("")
            fi
            local current=${words[${#words[@]}-1]}

            local answer
            answer=$("${words[0]}" __completeNoDesc -- "${words[@]:1}" 2>/dev/null) || return 0
            local directive=${answer##*:}
            [[ $directive =~ ^[0-9]+$ ]] || return 0
            if (( directive & 1 )); then
                return 0
            fi

            # What bash replaces is its own last word: drop the part of ours it split off at '=' or ':'.
            local token=${COMP_WORDS[COMP_CWORD]}
            [[ $token == "=" || $token == ":" ]] && token=""
            local prefix=${current%"$token"}

            local candidate
            while IFS= read -r candidate; do
                [[ -z $candidate || $candidate == :* ]] && continue
                candidate=${candidate%%$'\t'*}
                [[ $candidate == "$current"* ]] && COMPREPLY+=("${candidate#"$prefix"}")
            done <<<"$answer"

            if (( directive & 2 )); then
                compopt -o nospace 2>/dev/null
            fi
            if (( directive & 4 )); then
                compopt +o default 2>/dev/null
            fi
            return 0
        }

        complete -o default -F _cais_complete cais

        """;

    private const string Zsh = """
        #compdef cais
        #
        # Load it in this shell:            source <(cais completion zsh)
        # Load it in every new shell:       cais completion zsh > "${fpath[1]}/_cais"

        _cais()
        {
            local -a lines candidates
            local answer directive line value description
            answer=$(${words[1]} __COMPLETE__ -- "${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
            lines=("${(@f)answer}")
            directive=${lines[-1]#:}
            [[ $directive == <-> ]] || return 1
            (( directive & 1 )) && return 1
            for line in "${(@)lines[1,-2]}"; do
                [[ -z $line ]] && continue
                value=${line%%$'\t'*}
                description=${line#*$'\t'}
                # _describe splits at ':', which image references and flag values contain.
                value=${value//:/\\:}
                if [[ $description == $line ]]; then
                    candidates+=("$value")
                else
                    candidates+=("$value:$description")
                fi
            done

            if (( ${#candidates} > 0 )); then
                if (( directive & 2 )); then
                    _describe -t cais 'cais' candidates -S ''
                else
                    _describe -t cais 'cais' candidates
                fi
                return 0
            fi
            if (( ! (directive & 4) )); then
                _files
            fi
        }

        if [[ $funcstack[1] == _cais ]]; then
            _cais "$@"
        else
            compdef _cais cais
        fi

        """;

    private const string Fish = """
        # fish completion for cais
        #
        # Load it in this shell:            cais completion fish | source
        # Load it in every new shell:       cais completion fish > ~/.config/fish/completions/cais.fish

        function __cais_complete
            set -l tokens (commandline -opc)
            set -l current (commandline -ct)
            set -l program $tokens[1]
            set -e tokens[1]
            set -l answer ($program __COMPLETE__ -- $tokens $current 2>/dev/null)
            or return
            set -l directive (string replace -r '^:' '' -- $answer[-1])
            string match -qr '^[0-9]+$' -- $directive
            or return
            if test (math "$directive % 2") -eq 1
                return
            end
            set -e answer[-1]
            for line in $answer
                test -n "$line"; and echo $line
            end
            if test (count $answer) -eq 0; and test (math "floor($directive / 4) % 2") -eq 0
                __fish_complete_path $current
            end
        end

        complete -c cais -f -a '(__cais_complete)'

        """;
}
