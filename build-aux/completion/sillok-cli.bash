# bash completion for sillok-cli                              -*- shell-script -*-
#
# Completes commands, the subcommands of command groups, options, the values
# of options that take a fixed word, template ids, and file and folder
# arguments. Record ids are not completed: listing them needs the passphrase.
#
# Copyright 2026 The Sillok authors
# SPDX-License-Identifier: GPL-3.0-or-later

_sillok_cli_global_options='--vault --passphrase-fd --recovery-key-fd'

_sillok_cli_commands='init passwd recovery-key lock-policy erase identity linkage-key recipients
  templates template record attach audit check import archive analyst-export export verify trust'

# The subcommands of a command group; nothing for a plain command.
_sillok_cli_subcommands ()
{
  case $1 in
    linkage-key) echo 'export import' ;;
    recipients|trust) echo 'add list remove' ;;
    template) echo 'show' ;;
    record) echo 'new set show list seal amend statement' ;;
    archive) echo 'list show persons stats conflicts exports' ;;
  esac
}

# The options of a command, or of "GROUP SUBCOMMAND".
_sillok_cli_options ()
{
  case $1 in
    init) echo '--name --kdf' ;;
    passwd) echo '--new-passphrase-fd' ;;
    lock-policy) echo '--erase-after' ;;
    erase) echo '--yes' ;;
    identity) echo '--export-pub --export-age-identity --age-recipient' ;;
    'linkage-key export') echo '--out --key-passphrase-fd' ;;
    'linkage-key import') echo '--replace --key-passphrase-fd' ;;
    'template show') echo '--version --json' ;;
    'record new') echo '--template --set --from-json' ;;
    'record show') echo '--version --json' ;;
    'record list') echo '--search --json' ;;
    'record amend') echo '--reason' ;;
    'record statement') echo '--version --out' ;;
    attach) echo '--sensitivity --media-type --name' ;;
    'archive list') echo '--search --by --key' ;;
    'archive stats') echo '--by' ;;
    analyst-export) echo '--format --k --out --bom' ;;
    export) echo '--out --record --all-sealed --from-archive --all-archived --recipient --bundle-passphrase-fd
      --profile --override-k' ;;
    import) echo '--bundle-passphrase-fd --max-attachment' ;;
    verify) echo '--identity --bundle-passphrase-fd --trust --json --report --max-attachment' ;;
    'trust add') echo '--name --role' ;;
  esac
}

# Whether option $1 takes a value; $2 is the command (empty before it).
_sillok_cli_takes_value ()
{
  case $1 in
    --vault|--passphrase-fd|--recovery-key-fd) return 0 ;;
    --version) [ -n "$2" ] ;;
    --yes|--age-recipient|--json|--all-sealed|--from-archive|--all-archived|--bom|--replace|--help|-h) return 1 ;;
    --*) [ -n "$2" ] ;;
    *) return 1 ;;
  esac
}

_sillok_cli_words ()
{
  local IFS=$' \t\n'
  # shellcheck disable=SC2207
  COMPREPLY=($(compgen -W "$1" -- "$2"))
}

_sillok_cli_files ()
{
  local IFS=$'\n'
  compopt -o filenames 2>/dev/null
  # shellcheck disable=SC2207
  COMPREPLY=($(compgen -f -- "$1"))
}

_sillok_cli_dirs ()
{
  local IFS=$'\n'
  compopt -o filenames 2>/dev/null
  # shellcheck disable=SC2207
  COMPREPLY=($(compgen -d -- "$1"))
}

# Template ids, from the installed templates (no vault needed).
_sillok_cli_templates ()
{
  local ids
  ids=$("$1" templates 2>/dev/null | cut -d ' ' -f 1)
  _sillok_cli_words "$ids" "$2"
}

_sillok_cli ()
{
  local cword=$COMP_CWORD
  local -a words=("${COMP_WORDS[@]}")
  local cur=${words[cword]} prev=${words[cword-1]}
  local cmd='' sub='' opt='' prefix='' skip='' w i
  local -i npos=0

  # An option's value: "--opt VALUE", or "--opt=VALUE" split at '=' by
  # COMP_WORDBREAKS, or kept whole when '=' is no word break there.
  if [[ $cur == '=' && $cword -ge 2 ]]; then
    opt=$prev
    cur=''
  elif [[ $prev == '=' && $cword -ge 3 ]]; then
    opt=${words[cword-2]}
  elif [[ $cur == --*=* ]]; then
    opt=${cur%%=*}
    prefix=$opt=
    cur=${cur#*=}
  fi

  for ((i = 1; i < cword; i++)); do
    w=${words[i]}
    if [[ -n $skip ]]; then
      skip=''
      continue
    fi
    if [[ $w == '=' ]]; then
      skip=1
      continue
    fi
    if [[ $w == -* ]]; then
      if [[ $w != *=* && ${words[i+1]} != '=' ]] && _sillok_cli_takes_value "$w" "$cmd"; then
        skip=1
      fi
      continue
    fi
    if [[ -z $cmd ]]; then
      cmd=$w
    elif [[ -z $sub && -n $(_sillok_cli_subcommands "$cmd") ]]; then
      sub=$w
    else
      npos+=1
    fi
  done

  if [[ -z $opt && $cword -ge 2 && $cur != -* && $prev == -* && $prev != *=* ]] \
     && _sillok_cli_takes_value "$prev" "$cmd"; then
    opt=$prev
  fi

  if [[ -n $opt ]]; then
    case $opt in
      --vault|--trust) _sillok_cli_dirs "$cur" ;;
      --out)
        if [[ "$cmd $sub" == 'record statement' ]]; then
          _sillok_cli_dirs "$cur"
        else
          _sillok_cli_files "$cur"
        fi
        ;;
      --export-pub|--export-age-identity|--from-json|--identity|--report) _sillok_cli_files "$cur" ;;
      --kdf) _sillok_cli_words 'interactive moderate sensitive' "$cur" ;;
      --profile) _sillok_cli_words 'anonymized legal' "$cur" ;;
      --format) _sillok_cli_words 'csv jsonl' "$cur" ;;
      --by) _sillok_cli_words 'site province year category organ ilo' "$cur" ;;
      --role) _sillok_cli_words 'interviewer coordinator' "$cur" ;;
      --sensitivity) _sillok_cli_words 'identifying quasi open legal' "$cur" ;;
      --template) _sillok_cli_templates "${words[0]}" "$cur" ;;
      *) COMPREPLY=() ;;
    esac
    if [[ -n $prefix ]]; then
      COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
    fi
    return 0
  fi

  if [[ -z $cmd ]]; then
    if [[ $cur == -* ]]; then
      _sillok_cli_words "$_sillok_cli_global_options --help --version" "$cur"
    else
      _sillok_cli_words "$_sillok_cli_commands" "$cur"
    fi
    return 0
  fi

  local subs
  subs=$(_sillok_cli_subcommands "$cmd")
  if [[ -n $subs && -z $sub ]]; then
    if [[ $cur == -* ]]; then
      _sillok_cli_words "$_sillok_cli_global_options --help" "$cur"
    else
      _sillok_cli_words "$subs" "$cur"
    fi
    return 0
  fi

  local key=$cmd
  [[ -n $sub ]] && key="$cmd $sub"
  if [[ $cur == -* ]]; then
    _sillok_cli_words "$(_sillok_cli_options "$key") $_sillok_cli_global_options --help" "$cur"
    return 0
  fi

  case "$key:$npos" in
    'attach:1'|'verify:0'|'trust add:0'|'linkage-key import:0'|import:*) _sillok_cli_files "$cur" ;;
    'template show:0') _sillok_cli_templates "${words[0]}" "$cur" ;;
    *) COMPREPLY=() ;;
  esac
  return 0
}

complete -F _sillok_cli sillok-cli
