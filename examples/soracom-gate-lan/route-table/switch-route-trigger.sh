TYPE=$1
NAME=$2
STATE=$3

case $STATE in
        "MASTER") "MASTER"
                  /usr/local/bin/switch-route.sh
                  exit 0
                  ;;
        "BACKUP") "BACKUP"
                  exit 0
                  ;;
        "FAULT")  "FAULT"
                  exit 0
                  ;;
        *)        echo "unknown state"
                  exit 1
                  ;;
esac
